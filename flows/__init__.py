"""Prefect flows: thin wrappers over fazhi.pipeline."""
