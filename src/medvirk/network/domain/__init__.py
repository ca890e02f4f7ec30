"""Every write of the network (posts, moderation, digests)."""
