"""The demonstration council and generated volume: sample data built through the services."""
