"""What allauth mounts for the national login provider: nothing (see urls.py here).

allauth adds each provider's ``<package>.urls`` to its own URLconf. The national login's
addresses are in ``medvirk.nationallogin.urls`` (namespaced, with its checks), so the
provider names this package instead, whose URL list is empty: allauth's own OpenID
Connect views, which lack those checks, are never reachable.
"""
