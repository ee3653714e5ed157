"""The built-in templates, installed as presskit.templates (see pyproject.toml); found by presskit/resources.py."""
