"""The scrutiny annual report to full council: figures drafted from the records, its outline and
its Word document.
"""
