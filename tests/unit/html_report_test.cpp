// exabench report: inputs recognized or refused in one line, and every chart drawing one mark
// per datum of the files it came from.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <string>

#include "common/error.hpp"
#include "report/html_report.hpp"
#include "report/top500.hpp"

using namespace exa;
using namespace exa::report;
using nlohmann::json;

namespace {

struct Figure {
    std::string title;
    int marks_said = 0;   ///< data-marks
    int marks_drawn = 0;  ///< elements of class "mark"
};

std::vector<Figure> figures(const std::string& page) {
    std::vector<Figure> out;
    const std::regex open(R"re(<figure class="chart" data-marks="(\d+)"><figcaption>([^<]*)</figcaption>)re");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), open); it != std::sregex_iterator(); ++it) {
        const auto end = page.find("</figure>", std::size_t(it->position()));
        const std::string body = page.substr(std::size_t(it->position()), end - std::size_t(it->position()));
        int drawn = 0;
        for (auto at = body.find("class=\"mark\""); at != std::string::npos; at = body.find("class=\"mark\"", at + 1))
            ++drawn;
        out.push_back({(*it)[2], std::stoi((*it)[1]), drawn});
    }
    return out;
}

const Figure& find(const std::vector<Figure>& fs, const std::string& title_start) {
    for (const auto& f : fs)
        if (f.title.starts_with(title_start)) return f;
    throw std::runtime_error("no figure " + title_start);
}

json hpl_run(double n, double gflops) {
    return {{"tv", "WR11C2R4"}, {"n", n}, {"nb", 128}, {"p", 1}, {"q", 2}, {"time_s", 1.5}, {"gflops", gflops},
            {"scaled_residual", 0.003}, {"status", "PASSED"}, {"passed", true},
            {"phases_max_s",
             {{"panel_factorization", 0.1}, {"broadcast_wait", 0.05}, {"row_swap", 0.1}, {"update", 1.2},
              {"back_solve", 0.0}}}};
}

json trace(int panels) {
    json steps = json::array();
    double t = 0;
    for (int k = 0; k < panels; ++k)
        for (const char* kind : {"factor", "swap", "update"}) {
            steps.push_back({{"kind", kind}, {"panel", k}, {"rank", k % 2}, {"t0", t}, {"t1", t + 0.01}});
            t += 0.01;
        }
    return {{"trace", "exabench step trace"}, {"version", 1}, {"benchmark", "hpl"}, {"source", "run"},
            {"tests", {{{"n", 128 * panels}, {"nb", 128}, {"p", 2}, {"q", 1}, {"bcast", "1ringM"}, {"depth", 1},
                        {"steps", steps}}}}};
}

std::string error_of(const std::string& name, const json& doc) {
    try {
        classify_report_input(name, doc);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST(HtmlReport, EachKindOfResultIsRecognizedAndOthersRefusedNamingTheFile) {
    EXPECT_EQ(classify_report_input("t.json", trace(2)).kind, InputKind::trace);
    EXPECT_EQ(classify_report_input("h.json", {{"benchmark", "hpl"}, {"runs", json::array()}}).kind, InputKind::hpl_runs);
    EXPECT_EQ(classify_report_input("m.json", {{"benchmark", "mxp"}, {"runs", json::array()}}).kind, InputKind::mxp_runs);
    EXPECT_EQ(classify_report_input("g.json", {{"benchmark", "hpcg"}, {"kernels", json::object()}}).kind, InputKind::hpcg);
    EXPECT_EQ(classify_report_input("p.json", {{"machine", "jedi"}, {"gflops", 4.4e6}}).kind, InputKind::predictions);
    EXPECT_EQ(classify_report_input("p.json", {{"predictions", json::array()}}).kind, InputKind::predictions);
    EXPECT_EQ(error_of("x.json", {{"hello", 1}}).rfind("x.json: not an exabench result", 0), 0u) << error_of("x.json", {{"hello", 1}});
    EXPECT_EQ(error_of("x.json", json::array()).rfind("x.json: not an exabench result", 0), 0u);
    EXPECT_EQ(error_of("r.json", {{"benchmark", "hpl"}, {"runs", 3}}), "r.json: runs: must be an array of results");
    // A trace's steps are checked before anything is drawn from them.
    json t = trace(2);
    t["tests"][0]["steps"][1]["rank"] = 1.055e12;
    EXPECT_EQ(error_of("t.json", t), "t.json: tests[0].steps[1].rank: must be a whole number from 0 to 2^31 - 1");
    t = trace(2);
    t["tests"][0]["steps"][2]["t1"] = -1;
    EXPECT_EQ(error_of("t.json", t), "t.json: tests[0].steps[2].t1: must be a time in seconds, 0 or more");
}

TEST(HtmlReport, ABrokenFileIsRefusedWithItsLine) {
    const std::string path = ::testing::TempDir() + "/broken.json";
    std::ofstream(path) << "{\n  \"benchmark\": \"hpl\",\n  \"runs\": [\n    {\"n\": 10,,}\n]}\n";
    try {
        read_report_input(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), path + ":4: not JSON (a result file written by exabench --json or --trace)");
    }
    std::remove(path.c_str());
}

TEST(HtmlReport, EveryChartDrawsOneMarkPerDatum) {
    const json hpl = {{"benchmark", "hpl"}, {"runs", {hpl_run(8000, 90), hpl_run(12000, 95), hpl_run(16000, 97)}}};
    json predicted = hpl;
    predicted["runs"][0]["predicted_gflops"] = 88.0;
    predicted["runs"][0]["predicted_phases_s"] = {{"panel_factorization", 0.1}, {"update", 1.3}};
    const json hpcg = {{"benchmark", "hpcg"}, {"gflops", 5.4}, {"valid", true},
                       {"kernels",
                        {{"ddot", {{"gflops", 1.7}, {"bandwidth_gbs", 11}, {"flops", 4e7}, {"bytes", 2.8e8}}},
                         {"spmv", {{"gflops", 3.0}, {"bandwidth_gbs", 19}, {"flops", 3.4e8}, {"bytes", 2.1e9}}},
                         {"mg", {{"gflops", 1.5}, {"bandwidth_gbs", 6.3}, {"flops", 1.9e9}, {"bytes", 7.8e9}}}}}};
    const json twin = {{"predictions",
                        {{{"machine", "jedi"}, {"nodes", 24}, {"gflops", 4.4e6}, {"rpeak_gflops", 5e6}, {"time_s", 418},
                          {"breakdown", {{"update_s", 380}, {"row_swaps_s", 20}, {"broadcast_s", 18}}},
                          {"scaling", {{{"nodes", 1}, {"gflops", 2.1e5}}, {{"nodes", 2}, {"gflops", 4.1e5}},
                                       {{"nodes", 24}, {"gflops", 4.4e6}}}}},
                         {{"machine", "leonardo"}, {"benchmark", "hpcg"}, {"nodes", 3456}, {"gflops", 3.6e6},
                          {"iteration_s", 0.03}, {"iteration_breakdown_s", {{"SpMV", 0.01}, {"multigrid", 0.02}}}}}}};
    const std::vector<ReportInput> inputs = {
        classify_report_input("a<b>.json", predicted), classify_report_input("t.json", trace(5)),
        classify_report_input("g.json", hpcg), classify_report_input("w.json", twin)};
    const std::string page = html_report(inputs);
    const auto fs = figures(page);
    for (const auto& f : fs) EXPECT_EQ(f.marks_drawn, f.marks_said) << f.title;
    // Three runs and the twin's breakdown of the first: their non-zero phases.
    EXPECT_EQ(find(fs, "Where the time went").marks_said, 3 * 4 + 2);
    EXPECT_EQ(find(fs, "Every step of every process").marks_said, 5 * 3);
    EXPECT_EQ(find(fs, "Rate panel by panel").marks_said, 5);
    EXPECT_EQ(find(fs, "GFLOP/s of each kernel").marks_said, 3);
    EXPECT_EQ(find(fs, "The kernels on a roofline").marks_said, 3);
    EXPECT_EQ(find(fs, "Where the time goes, as simulated").marks_said, 3 + 2);
    EXPECT_EQ(find(fs, "Predicted rates side by side").marks_said, 2);
    EXPECT_EQ(find(fs, "Measured rates of every result given").marks_said, 3 + 1);
    EXPECT_EQ(find(fs, "Rmax against nodes on jedi").marks_said, 3);
    // The best measured HPL rate (a prediction is there too) placed below the list's last sourced row.
    EXPECT_NE(page.find("The best measured HPL rate given, 97.00 GFlop/s"), std::string::npos);
    EXPECT_NE(page.find("would place <b>below #465</b>"), std::string::npos);
    EXPECT_NE(page.find("ranks 1-10, 12, 60 and 465"), std::string::npos);
    EXPECT_NE(page.find("JUPITER (1.000 EFlop/s"), std::string::npos);
    // Names from files are text, never markup; nothing is fetched from elsewhere.
    EXPECT_EQ(page.find("a<b>.json"), std::string::npos);
    EXPECT_NE(page.find("a&lt;b&gt;.json"), std::string::npos);
    EXPECT_EQ(page.find("http"), std::string::npos);
}

TEST(HtmlReport, EachLanesTimeByKindAddsUpWithItsIdleTime) {
    // Two threads of one process over 4 s: thread 0 factors 1 s and updates 2 s; thread 1
    // swaps 0.5 s, then updates from 1 s to the end in two steps.
    json t = trace(1);
    auto step = [](const char* kind, int worker, double t0, double t1) {
        return json{{"kind", kind}, {"panel", 0}, {"rank", 0}, {"worker", worker}, {"t0", t0}, {"t1", t1}};
    };
    auto lane_step = step("factor", 0, 0, 1);  // worker 0's lane: no worker in the trace
    lane_step.erase("worker");
    t["tests"][0]["steps"] = {lane_step, step("update", 0, 1, 3), step("swap", 1, 0, 0.5),
                              step("update", 1, 1, 2.5), step("update", 1, 2.5, 4)};
    const std::string page = html_report({classify_report_input("t.json", t)});
    const auto row = [&](const std::string& lane) {
        const auto at = page.find("<tr><td>" + lane + "</td>");
        return at == std::string::npos ? std::string() : page.substr(at, page.find("</tr>", at) - at);
    };
    EXPECT_NE(page.find("<th>lane</th><th>factor</th><th>swap</th><th>update</th><th>idle</th>"), std::string::npos);
    EXPECT_EQ(row("rank 0 thread 0"), "<tr><td>rank 0 thread 0</td><td>1.000 s (25.0%)</td><td>0.000 s (0.0%)</td>"
                                      "<td>2.000 s (50.0%)</td><td>1.000 s (25.0%)</td>");
    EXPECT_EQ(row("rank 0 thread 1"), "<tr><td>rank 0 thread 1</td><td>0.000 s (0.0%)</td><td>0.500 s (12.5%)</td>"
                                      "<td>3.000 s (75.0%)</td><td>0.500 s (12.5%)</td>");
    EXPECT_EQ(row("all lanes"), "<tr><td>all lanes</td><td>1.000 s (12.5%)</td><td>0.500 s (6.2%)</td>"
                                "<td>5.000 s (62.5%)</td><td>1.500 s (18.8%)</td>");
}

// A rate's place from the rows carried: exact where the ranks around it are known, a range
// between known rows, "below" past the last.
TEST(Top500Place, ExactWhereKnownARangeBetween) {
    using exa::report::top500_place;
    EXPECT_EQ(top500_place(2.0e9), "#1");
    EXPECT_EQ(top500_place(1.0e9), "#4");         // JUPITER's own rate: level with it
    EXPECT_EQ(top500_place(500e6), "#6");         // between Eagle and HPC6
    EXPECT_EQ(top500_place(220e6), "#11 or #12");  // between Leonardo (#10) and Tuolumne (#12)
    EXPECT_EQ(top500_place(100e6), "#13 to #60");
    EXPECT_EQ(top500_place(10e6), "#61 to #465");
    EXPECT_EQ(top500_place(1e6), "below #465");
    EXPECT_EQ(exa::report::top500_rows_carried(), "ranks 1-10, 12, 60 and 465");
    // The list's own order: every carried row below the one before it.
    for (std::size_t i = 1; i < exa::report::top500_2025_11.size(); ++i) {
        EXPECT_GT(exa::report::top500_2025_11[i].rank, exa::report::top500_2025_11[i - 1].rank);
        EXPECT_LT(exa::report::top500_2025_11[i].system.rmax_gflops, exa::report::top500_2025_11[i - 1].system.rmax_gflops);
    }
}
