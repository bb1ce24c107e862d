/dev/fd/3: line 89: ./optbench: No such file or directory
