def add(x, y):
  return x + y

if __name__ == "__main__":
  print(add(2,3))
