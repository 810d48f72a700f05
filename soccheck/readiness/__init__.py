"""The readiness report for people: one model rendered as text, Markdown, CSV, HTML."""
