/* The hello-world image's program: explains what just happened, then exits 0.
   Freestanding (raw Linux i386 syscalls) so the image is a few kilobytes with no libc. */
static const char msg[] =
  "\n"
  "Hello from Docker!\n"
  "This message shows that your installation appears to be working correctly.\n"
  "\n"
  "To generate this message, Docker took the following steps:\n"
  " 1. The Docker client contacted the Docker daemon.\n"
  " 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.\n"
  "    (i386; in this sandbox, Docker Hub is a registry mirror inside the machine)\n"
  " 3. The Docker daemon created a new container from that image which runs the\n"
  "    executable that produces the output you are currently reading.\n"
  " 4. The Docker daemon streamed that output to the Docker client, which sent it\n"
  "    to your terminal.\n"
  "\n"
  "To try something more ambitious, you can run a Debian container with:\n"
  " $ docker run -it debian bash\n"
  "\n"
  "For more examples and ideas, follow the lessons beside this terminal.\n"
  "\n";

static long sys3(long nr, long a, long b, long c) {
  long ret;
  __asm__ volatile ("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
  return ret;
}

void _start(void) {
  sys3(4 /* write */, 1, (long)msg, sizeof msg - 1);
  sys3(1 /* exit */, 0, 0, 0);
  for (;;) {}
}
