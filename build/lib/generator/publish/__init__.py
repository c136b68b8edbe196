"""The last wall and the swap: the built site verified, then put in place in one step."""
