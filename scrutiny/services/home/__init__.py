"""Home pages as work queues, one per role, counted in SQL."""
