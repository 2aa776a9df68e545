#!/usr/bin/perl
# time-runs.pl N FIRST COMMAND [ARG...]
# Runs COMMAND N times, one after the other, with "{}" in any argument replaced by FIRST,
# FIRST+1, ... (container ids). Prints each run's wall time in nanoseconds, from just before fork
# to just after the run was reaped, then "cpu SECONDS": the user + system time of the runs and
# their descendants (clock ticks, so meaningful only summed over many runs). The runs get
# /dev/null as stdin and stdout and this script's stderr. Stops at the first run that fails.
use strict;
use warnings;
use POSIX ();
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);

my ($n, $first, @cmd) = @ARGV;
die "usage: time-runs.pl N FIRST COMMAND [ARG...]\n" unless defined $first && @cmd;
my @ns;
my (undef, undef, $cu0, $cs0) = times;
for my $i (0 .. $n - 1) {
    my $id = $first + $i;
    my @argv = map { (my $a = $_) =~ s/\{\}/$id/g; $a } @cmd;
    my $t0 = clock_gettime(CLOCK_MONOTONIC);
    my $pid = fork;
    die "fork: $!\n" unless defined $pid;
    if ($pid == 0) {
        open(STDIN, '<', '/dev/null');
        open(STDOUT, '>', '/dev/null');
        { no warnings 'exec'; exec { $argv[0] } @argv; }
        print STDERR "exec $argv[0]: $!\n";
        POSIX::_exit(127);
    }
    waitpid($pid, 0);
    my $t1 = clock_gettime(CLOCK_MONOTONIC);
    die "run $id failed (wait status $?): @argv\n" if $? != 0;
    push @ns, int(($t1 - $t0) * 1e9);
}
my (undef, undef, $cu1, $cs1) = times;
print "$_\n" for @ns;
printf "cpu %.3f\n", ($cu1 - $cu0) + ($cs1 - $cs0);
