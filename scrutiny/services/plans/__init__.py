"""Service plans: priorities and their actions, import from spreadsheets, export, key performance
indicators, highlight reports and executive summaries.
"""
