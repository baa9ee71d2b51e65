"""Telecom regulation: operators, regulators, their aliases and legal roles, topics and the
terms the segmenter keeps whole. Everything here is data; extract/ reads it."""
