from django.apps import AppConfig


class ToolingConfig(AppConfig):
    """No models: an app so that its management commands are found. No verbose_name: nothing shows it."""

    name = "config.tooling"
    label = "tooling"
