"""One module per rule, named after its ID; registry.py lists them."""
