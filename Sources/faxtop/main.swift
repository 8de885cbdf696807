print("faxtop")
