/* A JSON-RPC 2.0 echo over stdio in C, the floor rpc-bench --cpu measures
   the host against: it finds the "id" member by scanning and answers with a
   fixed result; no JSON parsing at all. Build: cc -O2 -o echo echo.c */
#include <stdio.h>
#include <string.h>

int main(void) {
    static char line[1 << 20];
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    while (fgets(line, sizeof line, stdin)) {
        char *id = strstr(line, "\"id\":");
        if (!id) continue;
        id += 5;
        char *end = id;
        while (*end && *end != ',' && *end != '}') end++;
        printf("{\"jsonrpc\":\"2.0\",\"id\":%.*s,\"result\":{\"status\":\"ok\"}}\n", (int)(end - id), id);
        fflush(stdout); /* answer each request as it comes, as the others do */
    }
    fflush(stdout);
    return 0;
}
