"""Interoperability and resilience analytics: fleet register, fragmentation, consolidation, duplicates,
scenarios and concentration. Plain dataclasses in and out; docs/interoperability.md states every rule."""
