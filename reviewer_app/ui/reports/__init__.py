"""The coordinator's Reports window: pipeline, charts, waiting list and the stage board."""
