#!/usr/bin/env python
from convene.__main__ import main

if __name__ == "__main__":
    main()
