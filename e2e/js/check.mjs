// Signs requests with the AWS SDK for JavaScript v3 against a conforms
// server: STS GetCallerIdentity (query protocol), Organizations
// DescribeOrganization (JSON 1.1) and a Config validation error.
// Usage: node check.mjs ENDPOINT ACCESS_KEY_ID SECRET
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { OrganizationsClient, DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import { ConfigServiceClient, PutOrganizationConformancePackCommand } from "@aws-sdk/client-config-service";

const [endpoint, accessKeyId, secretAccessKey] = process.argv.slice(2);
const opts = { endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 };

const id = await new STSClient(opts).send(new GetCallerIdentityCommand({}));
const org = await new OrganizationsClient(opts).send(new DescribeOrganizationCommand({}));
if (org.Organization.MasterAccountId !== id.Account) {
  throw new Error(`management account ${org.Organization.MasterAccountId}, caller ${id.Account}`);
}
try {
  await new ConfigServiceClient(opts).send(new PutOrganizationConformancePackCommand({
    OrganizationConformancePackName: "x y", TemplateBody: "{}",
  }));
  throw new Error("PutOrganizationConformancePack with a bad name succeeded");
} catch (e) {
  if (e.name !== "ValidationException") throw e;
}
console.log(`js: ${id.Arn} in ${org.Organization.Id}`);
