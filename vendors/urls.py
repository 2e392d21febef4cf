app_name = "vendors"

urlpatterns: list = []
