This is not SQL at all, just some notes.
