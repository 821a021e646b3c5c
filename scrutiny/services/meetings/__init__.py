"""Meetings and agendas: scheduling, the open agenda and its publication deadline, agenda items,
the agenda pack, and the meetings calendar feed.
"""
