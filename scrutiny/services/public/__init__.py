"""What the public can follow: search, feeds, email alerts and the OParl API."""
