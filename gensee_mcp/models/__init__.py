"""Pydantic models of tool arguments and results."""
