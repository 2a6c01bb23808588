#include "common/toml_reader.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common/error.hpp"

namespace exa {

toml::table parse_toml(std::string_view text, const std::string& origin) {
    try {
        return toml::parse(text, origin);
    } catch (const toml::parse_error& e) {
        throw InputError(fmt::format("{}:{}: syntax error: {}", origin, e.source().begin.line,
                                     std::string(e.description())));
    }
}

TomlReader::TomlReader(const toml::table& table, std::string origin, std::string path, int line)
    : table_(table), origin_(std::move(origin)), path_(std::move(path)), line_(line) {}

TomlReader::TomlReader(const toml::table& root, std::string origin)
    : table_(root), origin_(std::move(origin)), line_(1) {}

std::string TomlReader::name(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

int TomlReader::line_of(std::string_view key) const {
    if (const auto* n = table_.get(key)) return int(n->source().begin.line);
    return line_;
}

void TomlReader::fail(std::string_view key, const std::string& what) const {
    throw InputError(fmt::format("{}:{}: {}: {}", origin_, line_of(key), name(key), what));
}

const toml::node& TomlReader::need(std::string_view key) const {
    const auto* n = table_.get(key);
    if (!n) {
        throw InputError(fmt::format("{}:{}: {}: missing key (in {})", origin_, line_, name(key),
                                     path_.empty() ? "the top level" : "[" + path_ + "]"));
    }
    return *n;
}

namespace {
void check_sign(const TomlReader& r, std::string_view key, double v, TomlReader::Sign sign) {
    if (!std::isfinite(v)) r.fail(key, "must be a finite number");
    if (sign == TomlReader::Sign::positive && v <= 0) r.fail(key, fmt::format("must be positive, not {}", v));
    if (sign == TomlReader::Sign::non_negative && v < 0)
        r.fail(key, fmt::format("must not be negative, not {}", v));
}
}  // namespace

double TomlReader::number(std::string_view key, Sign sign) const {
    const auto& n = need(key);
    const auto v = n.value<double>();  // integers convert
    if (!v || n.is_boolean() || n.is_string()) fail(key, "must be a number");
    check_sign(*this, key, *v, sign);
    return *v;
}

double TomlReader::number_or(std::string_view key, double fallback, Sign sign) const {
    return has(key) ? number(key, sign) : fallback;
}

int TomlReader::integer(std::string_view key, int min) const {
    const auto& n = need(key);
    if (!n.is_integer()) fail(key, "must be an integer");
    const auto v = n.value<std::int64_t>().value();
    if (v < min) fail(key, fmt::format("must be at least {}, not {}", min, v));
    if (v > 100'000'000) fail(key, fmt::format("{} is too large", v));
    return int(v);
}

int TomlReader::integer_or(std::string_view key, int fallback, int min) const {
    return has(key) ? integer(key, min) : fallback;
}

std::string TomlReader::text(std::string_view key) const {
    const auto& n = need(key);
    if (!n.is_string()) fail(key, "must be a string");
    return std::string(*n.value<std::string_view>());
}

std::string TomlReader::text_or(std::string_view key, std::string fallback) const {
    return has(key) ? text(key) : std::move(fallback);
}

bool TomlReader::flag_or(std::string_view key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto& n = need(key);
    if (!n.is_boolean()) fail(key, "must be true or false");
    return *n.value<bool>();
}

std::string TomlReader::choice(std::string_view key, const std::vector<std::string>& choices) const {
    const std::string v = text(key);
    for (const auto& c : choices)
        if (c == v) return v;
    fail(key, fmt::format("unknown value \"{}\" (one of: {})", v, fmt::join(choices, ", ")));
}

std::vector<double> TomlReader::numbers(std::string_view key, Sign sign) const {
    const auto& n = need(key);
    const auto* arr = n.as_array();
    if (!arr || arr->empty()) fail(key, "must be a non-empty array of numbers");
    std::vector<double> out;
    for (const auto& e : *arr) {
        const auto v = e.value<double>();
        if (!v || e.is_boolean() || e.is_string()) fail(key, "must be an array of numbers");
        check_sign(*this, key, *v, sign);
        out.push_back(*v);
    }
    return out;
}

std::vector<std::vector<double>> TomlReader::grid(std::string_view key, std::size_t rows,
                                                  std::size_t cols) const {
    const auto& n = need(key);
    const auto* arr = n.as_array();
    if (!arr || arr->size() != rows)
        fail(key, fmt::format("must be an array of {} rows", rows));
    std::vector<std::vector<double>> out;
    for (const auto& row : *arr) {
        const auto* r = row.as_array();
        if (!r || r->size() != cols) fail(key, fmt::format("every row must have {} numbers", cols));
        auto& o = out.emplace_back();
        for (const auto& e : *r) {
            const auto v = e.value<double>();
            if (!v || e.is_boolean() || e.is_string()) fail(key, "must hold numbers only");
            check_sign(*this, key, *v, Sign::positive);
            o.push_back(*v);
        }
    }
    return out;
}

TomlReader TomlReader::table(std::string_view key) const {
    const auto& n = need(key);
    const auto* t = n.as_table();
    if (!t) fail(key, "must be a table");
    return TomlReader(*t, origin_, name(key), int(n.source().begin.line));
}

std::vector<TomlReader> TomlReader::tables(std::string_view key) const {
    const auto& n = need(key);
    const auto* arr = n.as_array();
    if (!arr || arr->empty() || !arr->is_array_of_tables())
        fail(key, fmt::format("must be one or more [[{}]] tables", name(key)));
    std::vector<TomlReader> out;
    for (const auto& e : *arr)
        out.emplace_back(*e.as_table(), origin_, name(key), int(e.source().begin.line));
    return out;
}

void TomlReader::only(const std::vector<std::string_view>& known) const {
    for (const auto& [k, v] : table_) {
        bool ok = false;
        for (auto kn : known) ok = ok || kn == k.str();
        if (!ok) fail(k.str(), "unknown key");
    }
}

}  // namespace exa
