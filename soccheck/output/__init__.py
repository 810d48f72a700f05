"""Findings for machines and terminals: text, JSON, GitHub annotations, JUnit, SARIF."""
