#!/usr/bin/perl
# Copies stdin to stdout without TensorFlow's native start-up noise: absl's notice that logging is not
# initialised, and informational log lines in absl/glog format ("I1202 18:43:16.123456  1234 file.cc:56] …").
# Warnings and errors pass. Partial lines (the progress line redrawn with \r) pass at once, unless they may
# still become a filtered line. The JVM's Ctrl-C message must get through, so INT and QUIT are ignored here;
# the filter ends when the JVM closes its stderr.
use strict;
use warnings;

$SIG{INT} = $SIG{QUIT} = 'IGNORE';
$| = 1;

my $absl_notice = 'WARNING: All log messages before absl::InitializeLog() is called are written to STDERR';
my $noise = qr{^(?:\Q$absl_notice\E|I\d{4} [\d:.]+\s+\d+ [^\s:\]]+:\d+\] )};
# A partial line that may still turn into one of those: a prefix of the notice, or an I-line's start.
sub maybe_noise {
  my ($partial) = @_;
  return 1 if index($absl_notice, $partial) == 0;
  return $partial =~ m{^I(?:\d{0,4}|\d{4} [\d:.]*(?:\s+\d*(?: [^\s\]]*)?)?)$};
}

my $pending = '';
while (sysread(STDIN, my $chunk, 65536)) {
  $pending .= $chunk;
  while ($pending =~ s/^([^\r\n]*(?:\r\n|\r|\n))//) {
    print $1 unless $1 =~ $noise;
  }
  if ($pending ne '' && !maybe_noise($pending)) {
    print $pending;
    $pending = '';
  }
}
print $pending unless $pending =~ $noise;
