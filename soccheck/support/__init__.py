"""Small pieces every stage uses: atomic file writes, what soccheck is doing."""
