urlpatterns: list = []  # filled by the import work
