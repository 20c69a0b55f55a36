"""Recognisers: rows and sentences from the readers turned into typed drafts for review.

Plan and action-plan tables, responsible-officer cells, governance sentences, legislation
names and dates become `Node`/`Edge` drafts in the dataset format; `pipeline` runs them
over files and `writer` writes the draft dataset that an officer reviews and builds.
"""
