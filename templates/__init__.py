"""The built-in templates, installed as presskit.templates (see pyproject.toml); found with importlib.resources."""
