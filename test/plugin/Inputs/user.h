/* A project header: its structs are recorded with this file's name. */
struct user_rec {
  int id;
  char name[12];
};
