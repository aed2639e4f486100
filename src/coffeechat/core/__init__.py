"""The domain: records and the rules of a networking campaign, with no files and no UI."""
