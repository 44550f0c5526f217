
app_name = "pledges"
urlpatterns: list[object] = []
