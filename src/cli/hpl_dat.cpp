#include "cli/hpl_dat.hpp"

#include <fmt/format.h>

#include <charconv>
#include <sstream>

#include "common/error.hpp"

namespace exa::cli {
namespace {

constexpr int max_params = 20;  // HPL_MAX_PARAM
constexpr double max_tests = 100000;

class Reader {
public:
    Reader(const std::string& text, std::string path) : path_(std::move(path)) {
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) lines_.push_back(line);
    }

    [[noreturn]] void fail(int line, const std::string& field, const std::string& what) const {
        throw InputError(fmt::format("{}:{}: {}: {}", path_, line, field, what));
    }

    std::vector<std::string> tokens(int line, const std::string& field) const {
        if (line > int(lines_.size()))
            fail(line, field, fmt::format("missing line (the file has {} lines, HPL.dat needs 31)",
                                          lines_.size()));
        std::istringstream in(lines_[std::size_t(line - 1)]);
        std::vector<std::string> t;
        std::string w;
        while (in >> w) t.push_back(w);
        return t;
    }

    std::string word(int line, const std::string& field) const {
        auto t = tokens(line, field);
        if (t.empty()) fail(line, field, "expected a value, found an empty line");
        return t[0];
    }

    std::int64_t integer(const std::string& tok, int line, const std::string& field) const {
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
        if (ec != std::errc() || p != tok.data() + tok.size())
            fail(line, field, fmt::format("'{}' is not an integer", tok));
        return v;
    }

    std::int64_t integer(int line, const std::string& field, std::int64_t lo, std::int64_t hi,
                         const std::string& range) const {
        const auto v = integer(word(line, field), line, field);
        if (v < lo || v > hi) fail(line, field, fmt::format("{} is out of range ({})", v, range));
        return v;
    }

    double real(int line, const std::string& field) const {
        const auto tok = word(line, field);
        try {
            std::size_t used = 0;
            const double v = std::stod(tok, &used);
            if (used == tok.size()) return v;
        } catch (const std::exception&) {
        }
        fail(line, field, fmt::format("'{}' is not a number", tok));
    }

    /// A count line followed by a list line: the first `count` values, each in [lo, hi].
    std::vector<std::int64_t> list(int count_line, const std::string& count_field,
                                   const std::string& field, std::int64_t lo, std::int64_t hi,
                                   const std::string& range) const {
        const auto count = integer(count_line, count_field, 1, max_params, "1 to 20");
        const int line = count_line + 1;
        const auto t = tokens(line, field);
        if (std::int64_t(t.size()) < count)
            fail(line, field, fmt::format("expected {} values (line {} says so), found {}", count,
                                          count_line, t.size()));
        std::vector<std::int64_t> v;
        for (std::int64_t i = 0; i < count; ++i) {
            const auto& tok = t[std::size_t(i)];
            std::int64_t x = 0;
            auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), x);
            if (ec != std::errc() || p != tok.data() + tok.size())
                fail(line, field, fmt::format("value {} of {} (line {} says {}) is '{}', not an integer",
                                              i + 1, count, count_line, count, tok));
            if (x < lo || x > hi) fail(line, field, fmt::format("{} is out of range ({})", x, range));
            v.push_back(x);
        }
        return v;
    }

private:
    std::string path_;
    std::vector<std::string> lines_;
};

constexpr std::int64_t big = std::int64_t(1) << 40;

}  // namespace

hpl::TestPlan parse_hpl_dat(const std::string& text, const std::string& path) {
    const Reader r(text, path);
    hpl::TestPlan d;
    d.source = path;
    d.output_file = r.word(3, "output file name");
    d.device = int(r.integer(4, "device out", -big, big, "6 = stdout, 7 = stderr, other = file"));
    d.ns = r.list(5, "number of problems sizes (N)", "Ns", 1, big, "N >= 1");
    d.nbs = r.list(7, "number of NBs", "NBs", 1, 1 << 20, "NB >= 1");
    d.base.pmap = layout::ProcessMap(r.integer(9, "PMAP process mapping", 0, 1, "0 = row-major, 1 = column-major"));
    const auto count = r.integer(10, "number of process grids (P x Q)", 1, max_params, "1 to 20");
    const auto ps = r.list(10, "number of process grids (P x Q)", "Ps", 1, 1 << 24, "P >= 1");
    // Q's list is line 12 and shares line 10's count.
    const auto qt = r.tokens(12, "Qs");
    if (std::int64_t(qt.size()) < count)
        r.fail(12, "Qs", fmt::format("expected {} values (line 10 says so), found {}", count, qt.size()));
    for (std::int64_t i = 0; i < count; ++i) {
        const auto q = r.integer(qt[std::size_t(i)], 12, "Qs");
        if (q < 1) r.fail(12, "Qs", fmt::format("{} is out of range (Q >= 1)", q));
        d.grids.emplace_back(int(ps[std::size_t(i)]), int(q));
    }
    d.base.threshold = r.real(13, "threshold");
    auto fact = [&](int line, const char* count_field, const char* field) {
        std::vector<hpl::Factorization> v;
        for (auto x : r.list(line, count_field, field, 0, 2, "0 = left, 1 = Crout, 2 = right"))
            v.push_back(hpl::Factorization(x));
        return v;
    };
    d.pfacts = fact(14, "# of panel fact", "PFACTs");
    d.nbmins = r.list(16, "# of recursive stopping criterium", "NBMINs", 1, 1 << 20, "NBMIN >= 1");
    d.ndivs = r.list(18, "# of panels in recursion", "NDIVs", 2, 1 << 20, "NDIV >= 2");
    d.rfacts = fact(20, "# of recursive panel fact.", "RFACTs");
    for (auto x : r.list(22, "# of broadcast", "BCASTs", 0, 5,
                         "0 = 1rg, 1 = 1rM, 2 = 2rg, 3 = 2rM, 4 = Lng, 5 = LnM"))
        d.bcasts.push_back(hpl::Broadcast(x));
    for (auto x : r.list(24, "# of lookahead depth", "DEPTHs", 0, 1 << 10, "DEPTH >= 0"))
        d.depths.push_back(int(x));
    d.base.swap = hpl::SwapAlgo(r.integer(26, "SWAP", 0, 2, "0 = bin-exch, 1 = long, 2 = mix"));
    d.base.swap_threshold = r.integer(27, "swapping threshold", 0, big, ">= 0");
    d.base.l1_transposed = r.integer(28, "L1 in", 0, 1, "0 = transposed, 1 = no-transposed") == 0;
    d.base.u_transposed = r.integer(29, "U  in", 0, 1, "0 = transposed, 1 = no-transposed") == 0;
    d.base.equil = r.integer(30, "Equilibration", 0, 1, "0 = no, 1 = yes") == 1;
    d.base.align = r.integer(31, "memory alignment in double", 1, 1 << 16, "> 0");
    // Every combination is a test: refuse a file whose lists multiply out to more than any
    // run could mean (twenty values on each of nine lines are 5e11 tests).
    double tests = 1;
    for (std::size_t len : {d.grids.size(), d.ns.size(), d.nbs.size(), d.depths.size(), d.bcasts.size(),
                            d.rfacts.size(), d.pfacts.size(), d.nbmins.size(), d.ndivs.size()})
        tests *= double(len);
    if (tests > max_tests)
        r.fail(5, "Ns", fmt::format("the lists of lines 5-25 make {:.0f} tests; at most {} run in one invocation",
                                    tests, max_tests));
    return d;
}

}  // namespace exa::cli
