#pragma once
// The expected cost of each point of a calibration table from a few sweeps over all of its
// points, on a machine whose speed comes and goes in spells (shared and virtual machines).
#include <vector>

namespace exa::probe {

/// The middle of `samples` (for an even count, the upper of the two middle ones).
[[nodiscard]] double median(std::vector<double> samples);

/// The spread of repeated timings relative to their typical value: 1.4826 median absolute
/// deviations over the median (for normal noise, its standard deviation over its mean). One
/// stall among many calls barely moves it, where it made a plain standard deviation read
/// 0.86 for calls whose spread was 0.02-0.05.
[[nodiscard]] double relative_spread(std::vector<double> samples);

/// `samples[sweep][point]`: one measured cost (seconds, or seconds per unit of work) of each
/// point per sweep. A point's shape comes from the median of its sweeps; slow spells, which
/// strike points at random, enter as one factor for every point: the mean over points of
/// their mean / median. So a hiccup during one point's sample raises every point a little
/// (it costs HPL's many calls in proportion) instead of halving that one shape's rate (one
/// slow sample of a DGEMM of depth 192 once made the twin put NB 192 30% behind 128 and
/// 256). With one sweep, the samples themselves.
[[nodiscard]] std::vector<double> expected_costs(const std::vector<std::vector<double>>& samples);

}  // namespace exa::probe
