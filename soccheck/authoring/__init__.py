"""Writing programs: init and its starter library, new control, new test, YAML editing."""
