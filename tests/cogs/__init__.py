"""Tests of the Discord adapters (cogs)."""
