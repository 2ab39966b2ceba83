"""GovTasks: decomposition tables and government work reports → typed, cited task rows."""

__version__ = "0.1.0"
