/** CloudWatch's rules: alarm periods, dashboard names and bodies. */
import { QUOTAS } from "../facts";
import { hasUnknown, num, str } from "../values";
import { Refusal, Rule, refusal } from "./common";

/** `aws.cloudwatch.MetricAlarm`. */
export const metricAlarmRules: Rule = (_ctx, inputs) => {
    const out: Refusal[] = [];
    const period = num(inputs.period);
    if (period !== undefined && !(period === 10 || period === 30 || (period >= 60 && period % 60 === 0))) {
        out.push(refusal("InvalidParameterValue", `period ${period} must be 10, 30 or a multiple of 60`));
    }
    const evaluations = num(inputs.evaluationPeriods);
    if (evaluations !== undefined && !(Number.isInteger(evaluations) && evaluations >= 1)) {
        out.push(refusal("InvalidParameterValue", `evaluationPeriods ${evaluations} must be a whole number of at least 1`));
    }
    return out;
};

/** `aws.cloudwatch.Dashboard`. */
export const dashboardRules: Rule = (_ctx, inputs) => {
    const out: Refusal[] = [];
    const name = str(inputs.dashboardName);
    if (name !== undefined && !(name.length >= 1 && name.length <= QUOTAS.dashboardNameMaxLength && /^[A-Za-z0-9_-]+$/.test(name))) {
        out.push(refusal("InvalidParameterInput", `dashboard name ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}...` : name)} must be 1 to ${QUOTAS.dashboardNameMaxLength} letters, digits, "-" and "_"`));
    }
    if (hasUnknown(inputs.dashboardBody)) {
        return out;
    }
    const body = str(inputs.dashboardBody);
    if (body === undefined) {
        return [...out, refusal("InvalidParameterInput", "the dashboard body is required")];
    }
    const bytes = Buffer.byteLength(body, "utf8");
    if (bytes > QUOTAS.dashboardBodyMaxBytes) {
        out.push(refusal("InvalidParameterInput", `the dashboard body is ${bytes} bytes, more than ${QUOTAS.dashboardBodyMaxBytes}`));
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        return [...out, refusal("InvalidParameterInput", "the dashboard body is not valid JSON")];
    }
    const widgets = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>).widgets : undefined;
    if (!Array.isArray(widgets)) {
        out.push(refusal("InvalidParameterInput", "the dashboard body needs a \"widgets\" array"));
    }
    return out;
};
