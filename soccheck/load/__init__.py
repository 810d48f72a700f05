"""Files to records with positions: discovery, YAML and TOML readers, validation, building."""
