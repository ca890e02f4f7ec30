urlpatterns: list = []  # filled by the campaign work
