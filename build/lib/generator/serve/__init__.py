"""`guardians serve`: the live preview server and its quick previews of edited entries."""
