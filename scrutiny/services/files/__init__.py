"""Files in and out: uploaded report documents and their safety checks, PDF and spreadsheet
writers, text extraction, Word report templates.
"""
