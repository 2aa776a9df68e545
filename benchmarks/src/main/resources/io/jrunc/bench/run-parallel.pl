#!/usr/bin/perl
# run-parallel.pl N P FIRST COMMAND [ARG...]
# Runs COMMAND N times, at most P at once, with "{}" in any argument replaced by FIRST, FIRST+1,
# ... (container ids). Prints "total NANOSECONDS" from the first fork to the last run reaped, then
# "cpu SECONDS" (user + system of the runs and their descendants). The runs get /dev/null as stdin
# and stdout and this script's stderr. Exits non-zero if a run failed (after all have ended).
use strict;
use warnings;
use POSIX ();
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);

my ($n, $p, $first, @cmd) = @ARGV;
die "usage: run-parallel.pl N P FIRST COMMAND [ARG...]\n" unless defined $first && @cmd && $p > 0;
my (undef, undef, $cu0, $cs0) = times;
my $t0 = clock_gettime(CLOCK_MONOTONIC);
my ($started, $running, $failed) = (0, 0, 0);
while ($started < $n || $running > 0) {
    while ($started < $n && $running < $p) {
        my $id = $first + $started;
        my @argv = map { (my $a = $_) =~ s/\{\}/$id/g; $a } @cmd;
        my $pid = fork;
        die "fork: $!\n" unless defined $pid;
        if ($pid == 0) {
            open(STDIN, '<', '/dev/null');
            open(STDOUT, '>', '/dev/null');
            { no warnings 'exec'; exec { $argv[0] } @argv; }
            print STDERR "exec $argv[0]: $!\n";
            POSIX::_exit(127);
        }
        $started++;
        $running++;
    }
    my $pid = waitpid(-1, 0);
    last if $pid < 0;
    $running--;
    $failed++ if $? != 0;
}
my $t1 = clock_gettime(CLOCK_MONOTONIC);
my (undef, undef, $cu1, $cs1) = times;
printf "total %d\n", int(($t1 - $t0) * 1e9);
printf "cpu %.3f\n", ($cu1 - $cu0) + ($cs1 - $cs0);
die "$failed of $n runs failed: @cmd\n" if $failed;
