"""The file formats: vocabulary, pydantic models, generated records, JSON Schemas,
criteria catalogs."""
