// The subcommands of the `tinynn` command-line tool. Each takes the arguments after its own
// name and returns the exit status; errors are thrown (see lessons/guarded_main.cpp for the
// mapping to exit codes: 1 internal, 2 bad input, 3 diverged, 4 I/O failure; gradcheck
// returns 5 when a gradient is wrong).
#pragma once

namespace tinynn::cli {

int train(int argc, char** argv);     // tinynn train RUN.json [--out MODEL] [--set k=v ...]
int validate(int argc, char** argv);  // tinynn validate RUN.json [--set k=v ...]
int summary(int argc, char** argv);   // tinynn summary RUN.json|MODEL.json
int eval(int argc, char** argv);      // tinynn eval MODEL.json DATA.csv
int predict(int argc, char** argv);   // tinynn predict MODEL.json DATA.csv [--out PRED.csv]
int gradcheck(int argc, char** argv); // tinynn gradcheck RUN.json [--weights M] [--batch N] ...
int sigmoid(int argc, char** argv);   // tinynn sigmoid [--out FILE.svg] [--at X,...]
int make_data(int argc, char** argv); // tinynn make-data KIND [--n N] [--noise X] [--seed N] ...
int boundary(int argc, char** argv);  // tinynn boundary MODEL.json DATA.csv [--out FILE.svg]
int explain(int argc, char** argv);   // tinynn explain RUN.json [--sample I] [--weights M] ...
int graph(int argc, char** argv);     // tinynn graph RUN.json --out FILE [--sample I] ...

}  // namespace tinynn::cli
