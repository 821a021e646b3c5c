"""Actions wherever they come from: creation, dues as councils write them, revisions of due dates,
progress updates and RAG, the tracker, and the lines carried onto the next agenda.
"""
