"""Recommendations to the executive: submission in sets, the statutory response deadline,
responses, the tracker and its exports.
"""
