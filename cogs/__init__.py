"""Thin Discord adapters, one feature per module."""
