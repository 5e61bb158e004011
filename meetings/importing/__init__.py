"""Importing minutes written elsewhere: reading their files into text blocks, then finding their parts."""
